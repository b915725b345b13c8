from setuptools import find_packages, setup

package_name = "receptionist_kiosk"

setup(
    name=package_name,
    version="0.1.0",
    packages=find_packages(exclude=["test"]),
    # The page's html/css/js ship inside the Python package (found next to web_server.py).
    package_data={package_name: ["web/*.html", "web/*.css", "web/*.js"]},
    include_package_data=True,
    data_files=[
        ("share/ament_index/resource_index/packages", ["resource/" + package_name]),
        ("share/" + package_name, ["package.xml"]),
    ],
    install_requires=["setuptools", "pyyaml", "numpy"],
    zip_safe=False,
    maintainer="Hanoi receptionist robot maintainers",
    maintainer_email="maintainers@hanoi-receptionist.org",
    description="The robot's touchscreen web page and the operator's health view.",
    license="Apache-2.0",
    entry_points={
        "console_scripts": [
            "kiosk = receptionist_kiosk.kiosk_node:main",
        ],
    },
)
