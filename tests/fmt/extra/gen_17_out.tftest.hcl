// full
