from setuptools import find_packages, setup

package_name = "receptionist_sim"

setup(
    name=package_name,
    version="0.1.0",
    packages=find_packages(exclude=["test", "compat", "gazebo"]),
    data_files=[
        ("share/ament_index/resource_index/packages", ["resource/" + package_name]),
        ("share/" + package_name, ["package.xml"]),
        ("share/" + package_name + "/gazebo/worlds", ["gazebo/worlds/lobby.sdf"]),
        (
            "share/" + package_name + "/gazebo/models/receptionist_robot",
            ["gazebo/models/receptionist_robot/model.sdf", "gazebo/models/receptionist_robot/model.config"],
        ),
        ("share/" + package_name + "/gazebo", ["gazebo/bridge.yaml"]),
    ],
    install_requires=["setuptools", "numpy", "pyyaml", "scipy", "scikit-image", "opencv-python-headless"],
    zip_safe=True,
    maintainer="Hanoi receptionist robot maintainers",
    maintainer_email="maintainers@hanoi-receptionist.org",
    description="Loopback lobby simulation, Nav2 stand-in, simulated citizens and camera; Gazebo assets; "
    "the site generator.",
    license="Apache-2.0",
    entry_points={
        "console_scripts": [
            "lobby_sim = receptionist_sim.lobby_sim_node:main",
            "nav2_standin = receptionist_sim.nav2_standin_node:main",
            "morning_scenario = receptionist_sim.morning_scenario_node:main",
            "receptionist_site_generator = receptionist_sim.site_generator:main",
        ],
    },
)
