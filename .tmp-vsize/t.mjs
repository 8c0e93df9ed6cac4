import { buildLike } from '../bench/lib/build.mjs';
import { measure, firstLoad, shippedFiles } from '../bench/lib/size.mjs';
const out = '/tmp/xc-bench-build';
await buildLike('/work/main', 'bench/pages/size-floor.js', out, 'size-floor.js');
await buildLike('/work/main', 'bench/pages/floor-roster.js', out, 'floor-roster.js');
console.log(shippedFiles(out), measure(out, ['size-floor.js']).total, measure(out, ['floor-roster.js']).total);
console.log(shippedFiles('/work/main/dist'), firstLoad('/work/main/dist'), measure('/work/main/dist', firstLoad('/work/main/dist')).total);
