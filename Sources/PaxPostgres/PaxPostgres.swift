// The exchange store on PostgreSQL (issue 17): to be built here.
internal import PostgresNIO
