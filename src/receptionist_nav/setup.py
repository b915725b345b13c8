from setuptools import find_packages, setup

package_name = "receptionist_nav"

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
    description="GuideVisitor: escort citizens to counters and amenities with Nav2, return home, dock.",
    license="Apache-2.0",
    entry_points={
        "console_scripts": [
            "guide_visitor = receptionist_nav.guide_visitor_node:main",
        ],
    },
)
