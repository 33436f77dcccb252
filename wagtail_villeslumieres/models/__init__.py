"""The package's models, split by domain."""

from .commitments import (
    CommitmentCategory,
    CommitmentIndexPage,
    CommitmentPage,
    CommitmentScope,
    CommitmentStatus,
    CommitmentUpdate,
)
from .hub import HolderKind, LabelAward, Region, VilleLumieresPage
from .individuals import AdoptedIndividualPage, CaseUpdate, Situation, Theme
from .letters import KINDS, LetterCampaign, WritingSession

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
    "KINDS",
    "LabelAward",
    "LetterCampaign",
    "Region",
    "Situation",
    "Theme",
    "VilleLumieresPage",
    "WritingSession",
]
