// Search client (being written).
