from setuptools import find_packages, setup

package_name = "receptionist_common"

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
    description="Parameter declaration and a clean run loop shared by the receptionist nodes.",
    license="Apache-2.0",
    entry_points={
        "console_scripts": [
            "stack_runner = receptionist_common.stack_runner:main",
        ],
    },
)
