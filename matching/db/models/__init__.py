"""ORM models, one module per aggregate. Importing this package registers them all."""

from matching.db.models.audit import AuditEvent
from matching.db.models.employers import Employer
from matching.db.models.geography import Community, Station, Subdistrict
from matching.db.models.index_state import IndexState
from matching.db.models.match_models import MatchModel
from matching.db.models.postings import Posting, PostingSkill
from matching.db.models.proposals import IdempotencyKey, Proposal, ProposalEvent
from matching.db.models.referrals import Referral
from matching.db.models.seekers import Seeker, SeekerConsent, SeekerSkill
from matching.db.models.skills import Skill, SkillCategory, SkillRelation
from matching.db.models.users import ApiToken, SignInThrottle, User

__all__ = [
    "ApiToken",
    "AuditEvent",
    "Community",
    "Employer",
    "IdempotencyKey",
    "IndexState",
    "MatchModel",
    "Posting",
    "PostingSkill",
    "Proposal",
    "ProposalEvent",
    "Referral",
    "Seeker",
    "SeekerConsent",
    "SeekerSkill",
    "SignInThrottle",
    "Skill",
    "SkillCategory",
    "SkillRelation",
    "Station",
    "Subdistrict",
    "User",
]
