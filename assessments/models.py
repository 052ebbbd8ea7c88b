# Assessments (answers, submitted results) arrive with the marketer journey; the
# scoring engine they will use lives in `assessments/scoring.py`.
