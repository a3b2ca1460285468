     // full
