"""Privacy: consent records, the privacy notice, data export, deletion and retention."""
