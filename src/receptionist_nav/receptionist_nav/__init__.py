"""Guiding citizens: points of interest, the GuideVisitor action over Nav2, return home and docking."""
