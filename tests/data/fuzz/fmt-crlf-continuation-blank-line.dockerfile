
\

o