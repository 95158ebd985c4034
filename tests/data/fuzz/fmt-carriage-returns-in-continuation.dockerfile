\

b