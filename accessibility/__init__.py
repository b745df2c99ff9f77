"""Speech, text size and contrast, and languages."""
