"""Digital replica magazines for ebiblio-portal: issue by issue, read without a loan."""
