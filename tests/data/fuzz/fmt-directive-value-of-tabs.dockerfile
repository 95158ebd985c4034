# syntax=		
FROM a
