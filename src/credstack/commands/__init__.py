"""What each CLI command does, between parsing its options and printing its output."""
