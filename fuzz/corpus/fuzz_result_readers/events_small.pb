
argyll (¼‰åì-
argyll (¼‰åì-
argyll ((±Ÿ²Æjii_sqn-1 (2
lossie(±Ÿ²Æjii_sqn-1 (2
lossie/±»Îÿjii_sqn-1 (2firth_cover/€Àô¤kii_sqn-1 (2firth_cover/€Àô¤kii_sqn-1 (2firth_cover(¾íœ|ii_sqn-2 (2
lossie(	¾íœ|ii_sqn-2 (2
lossie/
¾‰­Õ|ii_sqn-2 (2firth_cover/Óú|ii_sqn-1 (2firth_cover(Óú|ii_sqn-1 (2
lossie/Óú|ii_sqn-2 (2firth_cover/Óú|ii_sqn-2 (2firth_cover(Ü’ùŸ}ii_sqn-1 (2
lossie(Ü’ùŸ}ii_sqn-1 (2
lossie(Ü’ùŸ}ii_sqn-1 (2
lossie(Ü¼ãõ}ii_sqn-1 (2
lossie(Ü¼ãõ}ii_sqn-1 (2
lossie(Ü¼ãõ}ii_sqn-1 (2
lossie¼¹¼¨~
argyll (¼¹¼¨~
argyll ((«ˆªŸii_sqn-1 (2
lossie)Ë»ïñii_sqn-3 (2
lossie)Ë»ïñii_sqn-3 (2
lossie0Ë×‹«ii_sqn-3 (2firth_cover0šÜ±Ğii_sqn-2 (2firth_cover)šÜ±Ğii_sqn-2 (2
lossie0šÜ±Ğii_sqn-3 (2firth_cover0šÜ±Ğii_sqn-3 (2firth_cover)éà×õii_sqn-2 (2
lossie) éà×õii_sqn-2 (2
lossie)!éà×õii_sqn-2 (2
lossie)"éŠÂËii_sqn-2 (2
lossie)#éŠÂËii_sqn-2 (2
lossie)$éŠÂËii_sqn-2 (2
lossie)%¸Öˆõii_sqn-2 (2
lossie)&Ø‰ÎÇŸii_sqn-4 (2
lossie)'Ø‰ÎÇŸii_sqn-4 (2
lossie0(Ø¥ê€ ii_sqn-4 (2firth_cover0)§ª¦ ii_sqn-3 (2firth_cover)*§ª¦ ii_sqn-3 (2
lossie0+§ª¦ ii_sqn-4 (2firth_cover0,§ª¦ ii_sqn-4 (2firth_cover)-ö®¶Ë ii_sqn-3 (2
lossie).ö®¶Ë ii_sqn-3 (2
lossie)/ö®¶Ë ii_sqn-3 (2
lossie)0öØ ¡¡ii_sqn-3 (2
lossie)1öØ ¡¡ii_sqn-3 (2
lossie)2öØ ¡¡ii_sqn-3 (2
lossie)3Å¤çÊ¢ii_sqn-3 (2
lossie)4å×¬±ii_sqn-1 (2
lossie)5å×¬±ii_sqn-1 (2
lossie06åóÈÖ±ii_sqn-1 (2firth_cover07´øîû±ii_sqn-4 (2firth_cover)8´øîû±ii_sqn-4 (2
lossie09´øîû±ii_sqn-1 (2firth_cover0:´øîû±ii_sqn-1 (2firth_cover);ƒı”¡²ii_sqn-4 (2
lossie)<ƒı”¡²ii_sqn-4 (2
lossie)=ƒı”¡²ii_sqn-4 (2
lossie)>ƒ§ÿö²ii_sqn-4 (2
lossie)?ƒ§ÿö²ii_sqn-4 (2
lossie)@ƒ§ÿö²ii_sqn-4 (2
lossie)AÒòÅ ´ii_sqn-4 (2
lossie)Bò¥‹óÂii_sqn-2 (2
lossie)Cò¥‹óÂii_sqn-2 (2
lossie0DòÁ§¬Ãii_sqn-2 (2firth_cover0EÁÆÍÑÃii_sqn-1 (2firth_cover)FÁÆÍÑÃii_sqn-1 (2
lossie0GÁÆÍÑÃii_sqn-2 (2firth_cover0HÁÆÍÑÃii_sqn-2 (2firth_cover)IËóöÃii_sqn-1 (2
lossie)JËóöÃii_sqn-1 (2
lossie)KËóöÃii_sqn-1 (2
lossie)LõİÌÄii_sqn-1 (2
lossie)MõİÌÄii_sqn-1 (2
lossie)NõİÌÄii_sqn-1 (2
lossie)OßÀ¤öÅii_sqn-1 (2
lossieP¼é“äÎ
argyll (Q¼é“äÎ
argyll ()RÿóéÈÔii_sqn-3 (2
lossie)SÿóéÈÔii_sqn-3 (2
lossie0Tÿ†‚Õii_sqn-3 (2firth_cover0UÎ”¬§Õii_sqn-2 (2firth_cover)VÎ”¬§Õii_sqn-2 (2
lossie0WÎ”¬§Õii_sqn-3 (2firth_cover0XÎ”¬§Õii_sqn-3 (2firth_cover)Y™ÒÌÕii_sqn-2 (2
lossie)Z™ÒÌÕii_sqn-2 (2
lossie)[™ÒÌÕii_sqn-2 (2
lossie)\Ã¼¢Öii_sqn-2 (2
lossie)]Ã¼¢Öii_sqn-2 (2
lossie)^Ã¼¢Öii_sqn-2 (2
lossie0_€€éÉÖii_sqn-3 (2firth_cover)`€€éÉÖii_sqn-3 (2
lossie)aÏ„ïÖii_sqn-3 (2
lossie)bÏ„ïÖii_sqn-3 (2
lossie)cÏ„ïÖii_sqn-3 (2
lossie)dÏ®ùÄ×ii_sqn-3 (2
lossie)eÏ®ùÄ×ii_sqn-3 (2
lossie)fÏ®ùÄ×ii_sqn-3 (2
lossie)gìƒÌ×ii_sqn-2 (2
lossie)hÃÆÆÛ×ii_sqn-3 (2
lossie)içóÁ˜áii_sqn-2 (2
lossie)jçóÁ˜áii_sqn-2 (2
lossie)kçóÁ˜áii_sqn-2 (2
lossie)lª‹ğ…óii_sqn-2 (2
lossiem¼™ëŸŸ
argyll (n¼™ëŸŸ
argyll (o€ÀİîÁ
argyll (