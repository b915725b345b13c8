from setuptools import find_packages, setup

package_name = "receptionist_dialog"

setup(
    name=package_name,
    version="0.1.0",
    packages=find_packages(exclude=["test"]),
    package_data={package_name: ["data/*.yaml", "data/*.jsonl"]},
    data_files=[
        ("share/ament_index/resource_index/packages", ["resource/" + package_name]),
        ("share/" + package_name, ["package.xml"]),
    ],
    install_requires=["setuptools", "pyyaml"],
    zip_safe=False,
    maintainer="Hanoi receptionist robot maintainers",
    maintainer_email="maintainers@hanoi-receptionist.org",
    description="Vietnamese dialog: NLU, dialog manager, Vosk ASR, espeak-ng TTS, text channel.",
    license="Apache-2.0",
    entry_points={
        "console_scripts": [
            "dialog_manager = receptionist_dialog.dialog_manager_node:main",
            "asr = receptionist_dialog.asr_node:main",
            "tts = receptionist_dialog.tts_node:main",
            "chat = receptionist_dialog.chat:main",
        ],
    },
)
