"""Rules of one topic; each module holds one rule."""
