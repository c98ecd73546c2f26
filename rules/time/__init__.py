"""Time rules (TIME2xx): judged at the capture time (or --at), with a configurable skew."""
