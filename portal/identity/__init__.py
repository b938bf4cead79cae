"""The portal's identity and contacts (主办单位, 网站标识码, 备案, service phone, address, hours,
complaints and data-protection contacts) and the district population figure: defaults from
configuration, changed by an administrator without a release."""
