"""The package's views: counter JSON and embeds, commitment exports and feeds."""
