import { PGlite } from '@electric-sql/pglite'
let t=Date.now(); const p = await PGlite.create(); console.log('memory open', Date.now()-t)
t=Date.now(); const d = await p.dumpDataDir('none'); console.log('dump', Date.now()-t, d.size)
t=Date.now(); const q = await PGlite.create({loadDataDir: d}); console.log('load', Date.now()-t)
