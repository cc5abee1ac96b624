insert into stations values (1, 'north'), (2, 'south');
