"""zonedocs: 党员责任区文书生成。"""

__version__ = "0.1.0"
