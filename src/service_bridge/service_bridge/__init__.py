"""The center's service (catalog, amenities, queue, application status) and the ROS bridge in front of it.

Everything except `service_bridge_node` is plain Python with no ROS import, so the center service runs
on a machine without ROS and the logic is tested without DDS.
"""
