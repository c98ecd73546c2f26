"""Capture readers: what a support engineer is handed, turned into Captures.

`inputs` detects the kind from the content and dispatches: HAR (`har`, streamed with
`jsonstream`), SAML-tracer exports (`samltracer`), mitmproxy flow files (`flowfile`), a
response pasted into e-mail or chat text (`prose`), form bodies and auto-post pages (`posts`).
`capture` is what they all produce.
"""
