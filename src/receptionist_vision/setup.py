from setuptools import find_packages, setup

package_name = "receptionist_vision"

setup(
    name=package_name,
    version="0.1.0",
    packages=find_packages(exclude=["test"]),
    data_files=[
        ("share/ament_index/resource_index/packages", ["resource/" + package_name]),
        ("share/" + package_name, ["package.xml"]),
    ],
    install_requires=["setuptools", "numpy", "pyyaml", "opencv-python-headless<5"],
    zip_safe=True,
    maintainer="Hanoi receptionist robot maintainers",
    maintainer_email="maintainers@hanoi-receptionist.org",
    description="People in front of the receptionist robot: detection, tracking, engagement, follow-check.",
    license="Apache-2.0",
    entry_points={
        "console_scripts": [
            "person_perception = receptionist_vision.person_perception_node:main",
        ],
    },
)
