# The customer lifecycle tracker (period figures, orders import) lives here.
