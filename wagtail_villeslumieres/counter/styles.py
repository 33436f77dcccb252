"""The counter's styles: one table that every reader (tag, block, embed, admin) reads.

A style is what a counter shows: the plain ``number``, its ``progress`` toward
the goal, or its ``breakdown`` by kind. Each has a label for editors, a template
on the site's own pages, a template in the embeddable document, and the height
an embed asks for before it fits its content.
"""

import dataclasses

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclasses.dataclass(frozen=True)
class CounterStyle:
    """One way of showing a counter."""

    name: str
    #: What editors choose in the block and the embed code panel.
    label: Promise
    #: Height in pixels an embed asks for (the loader and WordPress then fit it).
    height: int

    @property
    def template(self):
        """The template on the site's own pages (tag and block)."""
        return f"wagtail_villeslumieres/counter/{self.name}.html"

    @property
    def embed_template(self):
        """The template of the embeddable document."""
        return f"wagtail_villeslumieres/embed/{self.name}.html"


#: Every style, in the order editors see them.
STYLES = {
    style.name: style
    for style in (
        CounterStyle("number", _("The number"), 190),
        CounterStyle("progress", _("The number and progress toward the goal"), 250),
        CounterStyle("breakdown", _("The number and what it is made of"), 420),
    )
}

DEFAULT_STYLE = "number"

#: Width in pixels an embed asks for in an oEmbed response.
EMBED_WIDTH = 480


def choices():
    """``(name, label)`` pairs, for form and block choices."""
    return [(style.name, style.label) for style in STYLES.values()]


def get(name):
    """The style called ``name``; ``ValueError`` naming the valid ones otherwise."""
    try:
        return STYLES[name]
    except KeyError:
        raise ValueError(
            f"Unknown letter counter style {name!r}; use one of: {', '.join(STYLES)}."
        ) from None
