"""The package's public views: the counter's JSON, embed and oEmbed (``urls.py``), and
what the pages serve below their own address through their routes (agenda and
iCalendar, commitment exports and feeds, the letter kit) or in their context."""
