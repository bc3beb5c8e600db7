// The emoji the picker offers and `:shortcodes:` name, by category: each entry is the emoji, its
// name (a shortcode: lower case, digits, _ + -) and a few keywords the picker's search also
// matches, entries parted by `;`. A few hundred that chat uses, not the whole Unicode set.
export const EMOJI_CATEGORIES = [
  {
    id: 'smileys',
    name: 'Smileys & emotion',
    entries: `
      😀 grinning happy smile; 😃 smiley happy joy; 😄 smile happy laugh; 😁 grin happy teeth; 😆 laughing satisfied lol;
      😅 sweat_smile relief nervous; 🤣 rofl rolling floor laughing; 😂 joy tears laughing lol;
      🙂 slightly_smiling_face smile; 🙃 upside_down_face silly sarcasm; 😉 wink flirt; 😊 blush smile shy;
      😇 innocent halo angel; 🥰 smiling_face_with_hearts love adore; 😍 heart_eyes love crush; 🤩 star_struck wow amazed;
      😘 kissing_heart kiss love; 😗 kissing kiss; 😋 yum delicious tasty; 😛 stuck_out_tongue playful;
      😜 stuck_out_tongue_winking_eye crazy joke; 🤪 zany_face wild goofy; 😝 stuck_out_tongue_closed_eyes playful;
      🤑 money_mouth_face rich dollar; 🤗 hugs hug embrace; 🤭 hand_over_mouth oops giggle; 🤫 shushing_face quiet secret;
      🤔 thinking hmm consider; 🤐 zipper_mouth_face sealed secret; 🤨 raised_eyebrow skeptical doubt;
      😐 neutral_face meh blank; 😑 expressionless blank; 😶 no_mouth silent speechless; 😏 smirk smug;
      😒 unamused meh annoyed; 🙄 roll_eyes eyeroll whatever; 😬 grimacing awkward yikes; 😌 relieved calm; 😔 pensive sad;
      😪 sleepy tired; 🤤 drooling_face drool; 😴 sleeping zzz tired; 😷 mask sick ill;
      🤒 face_with_thermometer sick fever; 🤕 face_with_head_bandage hurt injured; 🤢 nauseated_face sick gross;
      🤮 vomiting sick gross; 🤧 sneezing_face sick cold; 🥵 hot_face heat sweating; 🥶 cold_face freezing frozen;
      🥴 woozy_face dizzy drunk; 😵 dizzy_face confused; 🤯 exploding_head mind_blown shocked;
      🤠 cowboy_hat_face cowboy yeehaw; 🥳 partying_face party celebrate birthday; 😎 sunglasses cool;
      🤓 nerd_face geek glasses; 🧐 monocle_face inspect curious; 😕 confused puzzled; 😟 worried nervous;
      🙁 slightly_frowning_face sad; 😮 open_mouth surprised wow; 😯 hushed surprised; 😲 astonished shocked amazed;
      😳 flushed embarrassed; 🥺 pleading_face puppy eyes please; 😦 frowning sad; 😧 anguished pained; 😨 fearful scared;
      😰 cold_sweat anxious nervous; 😥 disappointed_relieved phew; 😢 cry sad tear; 😭 sob crying sad;
      😱 scream horror shocked; 😖 confounded frustrated; 😣 persevere struggle; 😞 disappointed sad; 😓 sweat hard work;
      😩 weary tired; 😫 tired_face exhausted; 🥱 yawning_face bored sleepy; 😤 triumph huff proud; 😡 rage angry mad;
      😠 angry mad annoyed; 🤬 cursing_face swearing angry; 😈 smiling_imp devil evil; 💀 skull dead; 💩 poop hankey;
      🤡 clown_face clown; 👻 ghost boo halloween; 👽 alien ufo space; 🤖 robot bot machine; 😺 smiley_cat cat happy;
      ❤️ heart love like; 🧡 orange_heart love; 💛 yellow_heart love; 💚 green_heart love; 💙 blue_heart love;
      💜 purple_heart love; 🖤 black_heart love; 🤍 white_heart love; 💔 broken_heart sad heartbreak; 💕 two_hearts love;
      💖 sparkling_heart love; 💯 100 hundred perfect score; 💢 anger angry; 💥 boom collision explosion; 💫 dizzy star;
      💬 speech_balloon comment chat; 💭 thought_balloon thinking; 💤 zzz sleep
    `,
  },
  {
    id: 'people',
    name: 'People & gestures',
    entries: `
      👋 wave hello hi bye; 🤚 raised_back_of_hand hand; ✋ raised_hand high_five stop; 🖖 vulcan_salute spock;
      👌 ok_hand ok perfect; 🤌 pinched_fingers italian; 🤏 pinching_hand small tiny; ✌️ v peace victory;
      🤞 crossed_fingers luck hope; 🤟 love_you_gesture love; 🤘 metal rock horns; 🤙 call_me_hand shaka;
      👈 point_left left; 👉 point_right right; 👆 point_up_2 up; 👇 point_down down; ☝️ point_up up one;
      👍 thumbsup +1 like yes approve; 👎 thumbsdown -1 dislike no; ✊ fist raised_fist; 👊 punch fist_bump;
      👏 clap applause bravo; 🙌 raised_hands hooray celebrate; 👐 open_hands hug; 🤲 palms_up_together prayer;
      🤝 handshake deal agreement; 🙏 pray please thanks hope; ✍️ writing_hand write; 💅 nail_care nails;
      💪 muscle strong flex; 🧠 brain smart think; 👀 eyes look see watching; 👁️ eye look; 👄 lips mouth;
      🙋 raising_hand question hello; 🙇 bow sorry respect; 🤦 facepalm disbelief; 🤷 shrug dunno whatever;
      🙆 ok_person yes; 🙅 no_good no nope; 💁 tipping_hand_person info; 🧑‍💻 technologist developer coder laptop;
      🧑‍🚀 astronaut space; 🥷 ninja stealth; 👶 baby child; 🧒 child kid; 🧑 adult person; 👪 family parents;
      🫶 heart_hands love
    `,
  },
  {
    id: 'nature',
    name: 'Animals & nature',
    entries: `
      🐶 dog puppy pet; 🐱 cat kitten pet; 🐭 mouse animal; 🐹 hamster pet; 🐰 rabbit bunny; 🦊 fox animal; 🐻 bear animal;
      🐼 panda animal; 🐨 koala animal; 🐯 tiger animal; 🦁 lion animal; 🐮 cow animal; 🐷 pig animal; 🐸 frog animal;
      🐵 monkey_face monkey; 🙈 see_no_evil monkey shy; 🙉 hear_no_evil monkey; 🙊 speak_no_evil monkey oops;
      🐔 chicken bird; 🐧 penguin bird; 🐦 bird tweet; 🦆 duck bird; 🦉 owl bird wise; 🐝 bee honeybee; 🐛 bug insect;
      🦋 butterfly insect; 🐌 snail slow; 🐞 ladybug beetle; 🐢 turtle slow; 🐍 snake python; 🦖 t-rex dinosaur;
      🐙 octopus sea; 🦀 crab sea; 🐳 whale sea; 🐬 dolphin sea; 🐟 fish sea; 🦈 shark sea; 🐘 elephant animal;
      🦒 giraffe animal; 🐎 horse animal; 🦄 unicorn magic; 🐿️ chipmunk squirrel; 🦔 hedgehog animal;
      🌵 cactus plant desert; 🎄 christmas_tree holiday; 🌲 evergreen_tree tree; 🌳 deciduous_tree tree;
      🌴 palm_tree tree beach; 🌱 seedling plant grow; 🌿 herb plant; 🍀 four_leaf_clover luck; 🍁 maple_leaf autumn fall;
      🍂 fallen_leaf autumn; 🌷 tulip flower; 🌹 rose flower love; 🌻 sunflower flower; 🌸 cherry_blossom flower spring;
      💐 bouquet flowers; 🍄 mushroom fungus; 🌍 earth_africa globe world; 🌎 earth_americas globe world;
      🌙 crescent_moon night; ⭐ star favorite; 🌟 star2 glowing_star; ✨ sparkles shiny new magic;
      ⚡ zap lightning electric; 🔥 fire hot lit flame; 🌈 rainbow colors; ☀️ sunny sun weather;
      ⛅ partly_sunny cloud weather; ☁️ cloud weather; 🌧️ cloud_with_rain rain weather;
      ⛈️ thunder_cloud_and_rain storm; ❄️ snowflake cold winter; ☃️ snowman winter; 🌊 ocean wave sea; 💧 droplet water
    `,
  },
  {
    id: 'food',
    name: 'Food & drink',
    entries: `
      🍏 green_apple fruit; 🍎 apple fruit; 🍐 pear fruit; 🍊 tangerine orange fruit; 🍋 lemon fruit; 🍌 banana fruit;
      🍉 watermelon fruit; 🍇 grapes fruit; 🍓 strawberry fruit; 🍒 cherries fruit; 🍑 peach fruit; 🥭 mango fruit;
      🍍 pineapple fruit; 🥥 coconut fruit; 🥝 kiwi_fruit fruit; 🍅 tomato vegetable; 🥑 avocado fruit;
      🥦 broccoli vegetable; 🌶️ hot_pepper spicy chili; 🌽 corn vegetable; 🥕 carrot vegetable; 🥔 potato vegetable;
      🥐 croissant bread; 🍞 bread toast; 🥨 pretzel snack; 🧀 cheese food; 🥚 egg food; 🍳 fried_egg cooking breakfast;
      🥞 pancakes breakfast; 🥓 bacon breakfast; 🍗 poultry_leg chicken meat; 🍔 hamburger burger; 🍟 fries chips;
      🍕 pizza food; 🌭 hotdog food; 🥪 sandwich food; 🌮 taco food mexican; 🌯 burrito food mexican;
      🥗 green_salad salad healthy; 🍝 spaghetti pasta; 🍜 ramen noodles; 🍣 sushi fish japanese; 🍱 bento lunch japanese;
      🍛 curry rice; 🍚 rice food; 🍿 popcorn movie snack; 🍩 doughnut donut sweet; 🍪 cookie sweet; 🎂 birthday cake party;
      🍰 cake dessert; 🧁 cupcake dessert; 🍫 chocolate_bar sweet; 🍬 candy sweet; 🍦 icecream dessert;
      ☕ coffee tea hot drink; 🍵 tea green_tea drink; 🧋 bubble_tea boba drink; 🥤 cup_with_straw soda drink;
      🍺 beer drink cheers; 🍻 beers cheers drink; 🥂 clinking_glasses champagne cheers; 🍷 wine_glass wine drink;
      🍸 cocktail drink
    `,
  },
  {
    id: 'activities',
    name: 'Activities',
    entries: `
      🎉 tada party celebrate congrats; 🎊 confetti_ball party; 🎈 balloon party birthday; 🎁 gift present birthday;
      🎀 ribbon gift; 🎃 jack_o_lantern halloween pumpkin; 🎆 fireworks celebrate; 🏆 trophy win award;
      🥇 1st_place_medal gold first; 🥈 2nd_place_medal silver second; 🥉 3rd_place_medal bronze third;
      🏅 medal sports award; ⚽ soccer football sport; 🏀 basketball sport; 🏈 football american sport; ⚾ baseball sport;
      🎾 tennis sport; 🏐 volleyball sport; 🏓 ping_pong table_tennis; 🏸 badminton sport; ⛳ golf sport;
      🎣 fishing_pole_and_fish fishing; 🏃 runner running; 🚴 bicyclist cycling bike; 🏊 swimmer swimming;
      🧘 yoga meditation; 🎯 dart target bullseye goal; 🎮 video_game games controller; 🕹️ joystick games;
      🎲 game_die dice; 🧩 jigsaw puzzle piece; ♟️ chess_pawn chess; 🎨 art palette painting;
      🎭 performing_arts theater drama; 🎬 clapper movie film; 🎤 microphone sing karaoke; 🎧 headphones music;
      🎸 guitar music rock; 🎹 musical_keyboard piano music; 🥁 drum music; 🎵 musical_note music; 🎶 notes music
    `,
  },
  {
    id: 'travel',
    name: 'Travel & places',
    entries: `
      🚗 car automobile; 🚕 taxi car; 🚌 bus transport; 🚑 ambulance emergency; 🚒 fire_engine truck; 🚓 police_car police;
      🚚 truck delivery; 🚲 bike bicycle; 🛴 kick_scooter scooter; 🏍️ motorcycle bike; 🚂 steam_locomotive train;
      🚆 train rail; 🚇 metro subway; ✈️ airplane flight travel; 🛫 flight_departure takeoff; 🛬 flight_arrival landing;
      🚀 rocket launch ship ship_it; 🛸 flying_saucer ufo; 🚁 helicopter flight; ⛵ sailboat boat; 🚢 ship boat;
      ⚓ anchor ship; 🚧 construction wip roadwork; 🚦 vertical_traffic_light traffic; 🗺️ world_map map;
      🧭 compass direction; 🏔️ mountain_snow mountain; 🌋 volcano mountain; 🏕️ camping tent;
      🏖️ beach_umbrella beach vacation; 🏝️ desert_island island vacation; 🏠 house home; 🏢 office building work;
      🏥 hospital health; 🏫 school education; 🏰 castle building; 🗼 tokyo_tower tower; 🗽 statue_of_liberty new_york;
      🌆 city_sunset city dusk; 🌃 night_with_stars night city; 🎡 ferris_wheel fair; ⏰ alarm_clock time wake;
      ⌛ hourglass time wait; ⏳ hourglass_flowing_sand time wait; ⌚ watch time
    `,
  },
  {
    id: 'objects',
    name: 'Objects',
    entries: `
      📱 iphone phone mobile; 💻 computer laptop; ⌨️ keyboard typing; 🖥️ desktop_computer monitor; 🖨️ printer print;
      🖱️ computer_mouse mouse; 💾 floppy_disk save; 💿 cd disc; 📷 camera photo; 🎥 movie_camera video film;
      📺 tv television; 📞 telephone_receiver phone call; 🔋 battery power; 🔌 electric_plug plug power;
      💡 bulb idea light; 🔦 flashlight torch; 📚 books library read; 📖 book read; 📝 memo note write;
      ✏️ pencil2 pencil edit; 🖊️ pen write; 📎 paperclip attach; 📌 pushpin pin; 📍 round_pushpin location pin;
      ✂️ scissors cut; 📁 file_folder folder; 📂 open_file_folder folder; 📅 date calendar; 📆 calendar schedule;
      📈 chart_with_upwards_trend growth up graph; 📉 chart_with_downwards_trend down graph; 📊 bar_chart stats graph;
      📋 clipboard list; 📦 package box ship delivery; 📧 email mail letter; 📨 incoming_envelope mail; 📬 mailbox mail;
      🔒 lock locked secure private; 🔓 unlock open; 🔑 key password; 🔨 hammer tool build;
      🛠️ hammer_and_wrench tools fix; 🔧 wrench tool fix; ⚙️ gear settings cog; 🧪 test_tube test experiment;
      🔬 microscope science; 🔭 telescope science; 🧰 toolbox tools; 🧲 magnet attract; 💰 moneybag money rich;
      💳 credit_card money pay; 💸 money_with_wings spend; 🛒 shopping_cart shop; 🔔 bell notification;
      🔕 no_bell mute silent; 📣 mega megaphone announce; 📢 loudspeaker announce; 🏷️ label tag;
      🗑️ wastebasket trash delete; 🧹 broom clean sweep; 🎓 mortar_board graduation; 👓 eyeglasses glasses;
      👑 crown king queen; 💎 gem diamond; ⏱️ stopwatch timer
    `,
  },
  {
    id: 'symbols',
    name: 'Symbols',
    entries: `
      ✅ white_check_mark done yes ok; ✔️ heavy_check_mark check done; ☑️ ballot_box_with_check checked;
      ❌ x no wrong cross; ❎ negative_squared_cross_mark no; ➕ heavy_plus_sign plus add; ➖ heavy_minus_sign minus;
      ❓ question what help; ❔ grey_question what; ❗ exclamation important bang; ‼️ bangbang exclamation;
      ⚠️ warning caution alert; 🚫 no_entry_sign forbidden; ⛔ no_entry stop forbidden; 🛑 stop_sign stop halt;
      🆕 new fresh; 🆗 ok okay; 🆒 cool awesome; 🆘 sos help emergency; ℹ️ information_source info; 🔴 red_circle red;
      🟠 orange_circle orange; 🟡 yellow_circle yellow; 🟢 green_circle green; 🔵 large_blue_circle blue;
      🟣 purple_circle purple; ⚫ black_circle black; ⚪ white_circle white; 🟥 red_square red; 🟩 green_square green;
      ⬆️ arrow_up up; ⬇️ arrow_down down; ⬅️ arrow_left left; ➡️ arrow_right right;
      🔄 arrows_counterclockwise refresh sync; 🔁 repeat loop again; 🔗 link chain url; ♻️ recycle environment;
      🏁 checkered_flag finish race; 🚩 triangular_flag_on_post flag; 🏳️‍🌈 rainbow_flag pride; 🔝 top up; 🔜 soon later;
      💲 heavy_dollar_sign dollar money; ©️ copyright legal; ™️ tm trademark; #️⃣ hash number; 0️⃣ zero number;
      1️⃣ one number; 2️⃣ two number; 3️⃣ three number; 🔟 keycap_ten ten number
    `,
  },
];
