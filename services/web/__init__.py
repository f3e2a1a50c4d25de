"""The events explorer: a read-only web page and JSON API over what the sink wrote."""
