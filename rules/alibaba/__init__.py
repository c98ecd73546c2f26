"""Alibaba Cloud role-based SSO rules (ALI3xx), for the alibaba-intl and alibaba-cn profiles."""
