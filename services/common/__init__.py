"""What the stages share: settings, logging, ids, record codecs, topics."""
