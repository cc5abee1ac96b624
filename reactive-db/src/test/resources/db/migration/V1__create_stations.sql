create table stations (id int primary key, name text not null);
