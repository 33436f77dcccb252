"""The package's models, split by domain."""

from .hub import HolderKind, LabelAward, Region, VilleLumieresPage

__all__ = [
    "HolderKind",
    "LabelAward",
    "Region",
    "VilleLumieresPage",
]
