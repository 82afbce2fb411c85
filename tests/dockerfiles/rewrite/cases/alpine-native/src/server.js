const app = require('express')();
app.get('/health', (q, r) => r.send('ok'));
app.listen(3000);
