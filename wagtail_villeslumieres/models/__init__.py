"""The package's models, split by domain (models only: forms, panels and queries live
in ``admin/`` and ``listings/``)."""

from .commitments import (
    CommitmentCategory,
    CommitmentIndexPage,
    CommitmentPage,
    CommitmentScope,
    CommitmentStatus,
    CommitmentUpdate,
)
from .hub import HolderKind, HubPage, LabelAward, Region
from .individuals import AdoptedIndividualPage, CaseUpdate, Situation, Theme
from .letters import KINDS, LetterCampaign, LetterTotal, WritingSession, WritingSessionLogEntry
from .network import (
    FollowedNetwork,
    MemberKind,
    MemberStatus,
    NetworkMember,
    NetworkPage,
    NetworkSnapshot,
)
from .reporting import ReportingLink, SessionReport

__all__ = [
    "CommitmentCategory",
    "CommitmentIndexPage",
    "CommitmentPage",
    "CommitmentScope",
    "CommitmentStatus",
    "CommitmentUpdate",
    "AdoptedIndividualPage",
    "CaseUpdate",
    "HolderKind",
    "HubPage",
    "KINDS",
    "LabelAward",
    "LetterCampaign",
    "LetterTotal",
    "FollowedNetwork",
    "MemberKind",
    "MemberStatus",
    "NetworkMember",
    "NetworkPage",
    "NetworkSnapshot",
    "Region",
    "ReportingLink",
    "SessionReport",
    "Situation",
    "Theme",
    "WritingSession",
    "WritingSessionLogEntry",
]
