"""Speech I/O of the receptionist: Vosk recognition and espeak-ng synthesis, with no ROS import.

The node shells (`asr_node`, `tts_node`) wire these modules to topics and parameters; everything here is
tested without DDS.
"""
