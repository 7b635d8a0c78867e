"""matching: job matching for community gig-work windows."""
