// full
