@preprocessor typescript
main -> "x"
