"""Pages, commitments and an embeddable letter counter for "Ville lumières" municipalities."""

__version__ = "0.1.0"
