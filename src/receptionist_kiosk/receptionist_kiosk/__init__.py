"""The robot's touchscreen: a small web server showing the conversation, the ticket and the lobby map."""
