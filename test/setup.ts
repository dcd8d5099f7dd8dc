// type-graphql reads decorator metadata through reflect-metadata: it must load before any schema class.
import "reflect-metadata";
