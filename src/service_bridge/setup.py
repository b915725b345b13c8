from setuptools import find_packages, setup

package_name = "service_bridge"

setup(
    name=package_name,
    version="0.1.0",
    packages=find_packages(exclude=["test"]),
    data_files=[
        ("share/ament_index/resource_index/packages", ["resource/" + package_name]),
        ("share/" + package_name, ["package.xml"]),
    ],
    install_requires=["setuptools", "pyyaml"],
    zip_safe=True,
    maintainer="Hanoi receptionist robot maintainers",
    maintainer_email="maintainers@hanoi-receptionist.org",
    description="The center's HTTP service and the ROS bridge in front of it.",
    license="Apache-2.0",
    entry_points={
        "console_scripts": [
            "center_service = service_bridge.server:main",
            "service_bridge = service_bridge.service_bridge_node:main",
        ],
    },
)
