from .enrolments import Enrolment
from .pages import CourseIndexPage, CoursePage

__all__ = ["CourseIndexPage", "CoursePage", "Enrolment"]
