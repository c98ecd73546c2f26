"""Alibaba Cloud CloudSSO's rules: they run under the CloudSSO profile only."""
