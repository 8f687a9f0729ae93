"""I/O with the outside world: CBS, PDOK, files and the offline mirror."""
