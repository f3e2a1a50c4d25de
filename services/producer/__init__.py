"""Producer: article files → raw article records on Kafka."""
